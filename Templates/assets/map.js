/* Blotter's map glue: the theme's own script over Leaflet and Leaflet.markercluster (which a
   build copies from Debian's libjs-leaflet and libjs-leaflet.markercluster).

   It fills the element #incident-map (partials/map-view.mustache) with a map of the
   incidents of the site's GeoJSON data files (data-sources), clustered when dense, each
   marker's popup linking to the report. data-areas, when not empty, keeps the incidents of
   those areas (an area's page). On /map/ the form #map-filter (status, date range) filters
   the markers and the list beneath the map alike; /map/#lat,lon,zoom opens the map there.

   Without this script, or when the data cannot be loaded, the page still lists every
   incident: the map is an extra, never the only way to the reports. When the tiles cannot
   load, the markers stay on a plain background. */
(function () {
  "use strict";
  var element = document.getElementById("incident-map");
  if (!element || !window.L || !L.markerClusterGroup || !window.fetch) { return; }
  var status = document.getElementById("map-status");
  var form = document.getElementById("map-filter");
  var data = element.dataset;
  var baseURL = data.baseUrl || "";
  var basePath = data.basePath || "/";
  var areas = JSON.parse(data.areas || "[]");
  var labels = JSON.parse(data.labels || "{}");
  var language = document.documentElement.lang || undefined;

  element.hidden = false;
  var map = L.map(element, { scrollWheelZoom: false, zoomSnap: 1 });
  if (data.tiles) {
    L.tileLayer(data.tiles, { attribution: data.attribution || "", maxZoom: 19 }).addTo(map);
  } else if (data.attribution) {
    map.attributionControl.addAttribution(data.attribution);
  }
  var cluster = L.markerClusterGroup({ showCoverageOnHover: false });
  map.addLayer(cluster);
  var entries = [];  // {marker, status, day}

  function say(text) {
    if (!status) { return; }
    status.textContent = text;
    status.hidden = !text;
  }

  // The GeoJSON's links are absolute (base_url); the preview and a copy served elsewhere
  // need them on this host.
  function local(url) {
    return baseURL && url.indexOf(baseURL) === 0 ? basePath + url.slice(baseURL.length) : url;
  }

  function dayText(iso) {
    var dateOnly = iso.length === 10;
    var options = { day: "numeric", month: "long", year: "numeric", timeZone: dateOnly ? "UTC" : data.timezone };
    try { return new Date(dateOnly ? iso + "T00:00:00Z" : iso).toLocaleDateString(language, options); }
    catch (error) { return iso.slice(0, 10); }
  }

  function popup(properties) {
    var box = document.createElement("div");
    box.className = "map-popup";
    var title = document.createElement("a");
    title.href = local(properties.url);
    title.textContent = properties.title;
    var heading = document.createElement("p");
    heading.className = "map-popup-title";
    heading.appendChild(title);
    var meta = document.createElement("p");
    meta.className = "map-popup-meta";
    meta.textContent = dayText(properties.date) + " · " + (labels[properties.status] || properties.status);
    box.appendChild(heading);
    box.appendChild(meta);
    return box;
  }

  function add(feature) {
    var p = feature.properties || {};
    var c = feature.geometry && feature.geometry.coordinates;
    if (!c || c.length < 2 || (areas.length && areas.indexOf(p.area) < 0)) { return; }
    var marker = L.marker([c[1], c[0]], { title: p.title, alt: p.title, riseOnHover: true });
    marker.bindPopup(popup(p));
    entries.push({ marker: marker, status: p.status, day: String(p.date || "").slice(0, 10) });
  }

  function visible(entry, filter) {
    return (!filter || (filter.statuses.indexOf(entry.status) >= 0
      && (!filter.from || entry.day >= filter.from) && (!filter.to || entry.day <= filter.to)));
  }

  function currentFilter() {
    if (!form) { return null; }
    var statuses = [];
    form.querySelectorAll("input[name=status]").forEach(function (box) {
      if (box.checked) { statuses.push(box.value); }
    });
    return { statuses: statuses, from: form.elements.from.value, to: form.elements.to.value };
  }

  function applyFilter() {
    var filter = currentFilter();
    var shown = entries.filter(function (entry) { return visible(entry, filter); });
    cluster.clearLayers();
    cluster.addLayers(shown.map(function (entry) { return entry.marker; }));
    document.querySelectorAll(".map-list li[data-status]").forEach(function (item) {
      item.hidden = !visible({ status: item.dataset.status, day: item.dataset.day }, filter);
    });
    var count = document.getElementById("map-count");
    if (count) {
      count.textContent = "Showing " + shown.length + " of " + entries.length
        + (entries.length === 1 ? " report." : " reports.");
    }
  }

  // #lat,lon,zoom (a report's "See it on the map"); false when the address has none.
  function focus() {
    var parts = location.hash.slice(1).split(",").map(Number);
    if (parts.length < 2 || parts.some(isNaN)) { return false; }
    map.setView([parts[0], parts[1]], parts.length > 2 ? parts[2] : 16);
    return true;
  }

  function overview() {
    var bounds = cluster.getBounds();
    if (bounds.isValid()) {
      map.fitBounds(bounds, { padding: [24, 24], maxZoom: 15 });
    } else {
      map.setView([0, 0], 2);
    }
  }

  map.setView([0, 0], 2);
  var sources = (data.sources || "").split(" ").filter(Boolean);
  Promise.all(sources.map(function (url) {
    return fetch(url).then(function (response) {
      if (!response.ok) { throw new Error(url + ": " + response.status); }
      return response.json();
    });
  })).then(function (collections) {
    collections.forEach(function (collection) { (collection.features || []).forEach(add); });
    if (form) {
      form.hidden = false;
      form.addEventListener("change", applyFilter);
      form.addEventListener("input", applyFilter);
    }
    applyFilter();
    if (!focus()) { overview(); }
    window.addEventListener("hashchange", focus);
    element.dataset.ready = String(entries.length);
  }).catch(function () {
    say("The map could not load its data; every report is in the list below.");
    element.hidden = true;
  });
})();
