// Linking jemalloc is enough: its malloc and free replace the C library's for the
// whole process (see Package.swift). Nothing of its own API is used.
#include <jemalloc/jemalloc.h>
