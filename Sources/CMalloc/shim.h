#ifndef CMALLOC_SHIM_H
#define CMALLOC_SHIM_H

#include <stdlib.h>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

/* Caps how many malloc arenas glibc creates. mallopt and M_ARENA_MAX come from <malloc.h>, which the
   Swift Glibc module does not import. Elsewhere (macOS, musl) there is nothing to cap: returns 0. */
static inline int cmalloc_limit_arenas(int count) {
#if defined(__GLIBC__)
    return mallopt(M_ARENA_MAX, count);
#else
    (void)count;
    return 0;
#endif
}

#endif
