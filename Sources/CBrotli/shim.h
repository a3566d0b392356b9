#ifndef BLOTTER_CBROTLI_SHIM_H
#define BLOTTER_CBROTLI_SHIM_H

#include <brotli/encode.h>
#include <brotli/decode.h>

#endif
