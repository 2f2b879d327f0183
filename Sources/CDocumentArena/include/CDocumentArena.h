#ifndef CDOCUMENT_ARENA_H
#define CDOCUMENT_ARENA_H

#include <stddef.h>

/* The memory libxml2 allocates while one small page is parsed, served from 64 KB chunks of one reserved
   region and given back in one piece when its document is freed. See DocumentArena.swift for why. */

typedef struct pw_arena pw_arena;

/* Reserves the region (address space only; untouched pages cost no memory). 0 on success. Call once, before
   libxml2's allocator is replaced with the functions below. */
int pw_arena_setup(void);

/* libxml2's allocator (xmlMemSetup): the calling thread's current arena serves blocks up to 8 KB; anything
   else, and every block while no arena is current, comes from malloc. A block is an arena's when it lies in
   the region: freeing one does nothing (its chunk goes with its document), any other goes to free(). */
void *pw_arena_malloc(size_t size);
void *pw_arena_realloc(void *block, size_t size);
void pw_arena_free(void *block);
char *pw_arena_strdup(const char *text);

/* A new arena, current on the calling thread until pw_arena_end; NULL when out of memory. */
pw_arena *pw_arena_begin(void);
/* The calling thread has no current arena any more; the arena keeps its chunks. */
void pw_arena_end(pw_arena *arena);
/* Gives the arena's chunks back for other documents, and frees it. Only once nothing points into it. */
void pw_arena_release(pw_arena *arena);
/* Bytes of chunks the arena holds (64 KB each), for tests. */
size_t pw_arena_chunk_bytes(const pw_arena *arena);
/* Whether a block lies in the region (an arena's), for tests. */
int pw_arena_owns(const void *block);

#endif
