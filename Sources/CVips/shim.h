#ifndef BLOTTER_CVIPS_SHIM_H
#define BLOTTER_CVIPS_SHIM_H

#include <string.h>
#include <vips/vips.h>

/* libvips' API is variadic (options end in NULL), which Swift cannot call: these small
   wrappers give Blotter the few calls it makes, with fixed arguments. */

/* Starts libvips once; 0 on success. No operation cache (Blotter never repeats an
   operation) and one worker thread per image: Blotter runs images in parallel itself. */
static inline void blotter_vips_quiet(const gchar *domain, GLogLevelFlags level, const gchar *message, gpointer data) {
    (void)domain; (void)level; (void)message; (void)data;
}
static inline GLogWriterOutput blotter_vips_writer(GLogLevelFlags level, const GLogField *fields, gsize count, gpointer data) {
    for (gsize i = 0; i < count; i++)
        if (strcmp(fields[i].key, "GLIB_DOMAIN") == 0 && fields[i].length == -1 && strcmp(fields[i].value, "VIPS") == 0
            && (level & G_LOG_LEVEL_WARNING))
            return G_LOG_WRITER_HANDLED;
    return g_log_writer_default(level, fields, count, data);
}
static inline int blotter_vips_start(void) {
    g_setenv("VIPS_WARNING", "0", FALSE);
    /* No run-time compiled vector code (liborc): its compiler runs under a lock for every
       resize, so two threads wait on each other, and in a build of 1,000 photos one thread
       was seen spinning in orc_code_allocate_codemem for minutes. The plain C paths are about
       20% slower on one core and run on both. */
    g_setenv("VIPS_NOVECTOR", "1", FALSE);
    if (VIPS_INIT("blotter") != 0) return -1;
    /* A damaged file's warnings ("error in tile 0 x 64") are not printed: Blotter reports
       the file, at the field that names it, with libvips' error. */
    g_log_set_handler("VIPS", G_LOG_LEVEL_WARNING, blotter_vips_quiet, NULL);
    g_log_set_writer_func(blotter_vips_writer, NULL, NULL);
    vips_cache_set_max(0);
    vips_concurrency_set(1);
    return 0;
}

/* The last error (the caller copies it), and clearing it. */
static inline const char *blotter_vips_error(void) { return vips_error_buffer(); }
static inline void blotter_vips_clear_error(void) { vips_error_clear(); }

/* Opens an image from memory without decoding its pixels: only the header is read. */
static inline VipsImage *blotter_vips_open(const void *bytes, size_t length) {
    return vips_image_new_from_buffer(bytes, length, "", "access", VIPS_ACCESS_SEQUENTIAL, NULL);
}

/* The loader that read the image ("jpegload_buffer"), or "" when unknown. */
static inline const char *blotter_vips_loader(VipsImage *image) {
    const char *name = NULL;
    if (vips_image_get_typeof(image, VIPS_META_LOADER) && vips_image_get_string(image, VIPS_META_LOADER, &name) == 0 && name)
        return name;
    return "";
}

/* The image at most `width` pixels wide (never wider than it is), turned upright by its EXIF
   orientation, every piece of metadata removed but the ICC colour profile: EXIF (GPS
   position, camera serial, owner), XMP, IPTC, PNG text. A damaged or cut-short file is an
   error ("fail_on=warning"), not a half-grey picture. NULL on error. */
static inline VipsImage *blotter_vips_resized(const void *bytes, size_t length, int width) {
    VipsImage *small = NULL;
    if (vips_thumbnail_buffer((void *)bytes, length, &small, width, "height", VIPS_MAX_COORD, "size", VIPS_SIZE_DOWN,
                              "option_string", "fail_on=warning", NULL) != 0)
        return NULL;
    VipsImage *copy = NULL;
    if (vips_copy(small, &copy, NULL) != 0) { g_object_unref(small); return NULL; }
    g_object_unref(small);
    gchar **fields = vips_image_get_fields(copy);
    for (int i = 0; fields[i]; i++) {
        if (strcmp(fields[i], VIPS_META_ICC_NAME) == 0) continue;
        /* Header fields (width, bands, ...) are not metadata and cannot be removed. */
        vips_image_remove(copy, fields[i]);
    }
    g_strfreev(fields);
    return copy;
}

/* Encodes as JPEG or WebP (quality 1-100) or PNG into a new buffer (freed with
   blotter_vips_free); 0 on success. Pixels are decoded here, a strip at a time. */
static inline int blotter_vips_save_jpeg(VipsImage *image, int quality, void **out, size_t *length) {
    return vips_jpegsave_buffer(image, out, length, "Q", quality, "optimize_coding", TRUE, "interlace", TRUE, NULL);
}
static inline int blotter_vips_save_webp(VipsImage *image, int quality, void **out, size_t *length) {
    return vips_webpsave_buffer(image, out, length, "Q", quality, "effort", 4, NULL);
}
static inline int blotter_vips_save_png(VipsImage *image, void **out, size_t *length) {
    return vips_pngsave_buffer(image, out, length, "compression", 9, NULL);
}

static inline int blotter_vips_width(VipsImage *image) { return vips_image_get_width(image); }
static inline int blotter_vips_height(VipsImage *image) { return vips_image_get_height(image); }
/* Whether the EXIF orientation turns the image a quarter (width and height swap upright). */
static inline int blotter_vips_turned(VipsImage *image) { return vips_image_get_orientation_swap(image) ? 1 : 0; }
static inline void blotter_vips_unref(VipsImage *image) { g_object_unref(image); }
static inline void blotter_vips_free(void *buffer) { g_free(buffer); }

#endif
