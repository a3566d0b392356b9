#ifndef BLOTTER_CZLIB_SHIM_H
#define BLOTTER_CZLIB_SHIM_H

#include <zlib.h>

/* deflateInit2 is a macro, which Swift cannot call. */

/* A gzip stream (window bits 15 + 16): zlib's header has no file name and time 0. */
static inline int blotter_deflate_init_gzip(z_streamp stream, int level) {
    return deflateInit2(stream, level, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY);
}

#endif
