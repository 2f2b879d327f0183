#define _GNU_SOURCE
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "CDocumentArena.h"

/* 1,024 chunks of 64 KB. Only address space is reserved: a chunk costs memory once a document used it, and
   given-back chunks are reused newest first, so the resident part is what the busiest moment needed. When
   every chunk is taken, blocks come from malloc. */
#define CHUNK_SIZE ((size_t)64 * 1024)
#define CHUNK_COUNT 1024
#define LARGEST_BLOCK ((size_t)8 * 1024)
/* Chunks an arena keeps resident after its document: beyond this, a large document's chunks are handed back
   to the kernel (MADV_DONTNEED) so that one big page does not raise the memory of the whole run. */
#define KEPT_RESIDENT 32

static char *region;
static pthread_mutex_t spare_lock = PTHREAD_MUTEX_INITIALIZER;
static uint32_t spare[CHUNK_COUNT]; /* given-back chunk numbers, newest last */
static uint32_t spare_count;
static uint32_t never_used; /* chunks from here on were never handed out */

struct pw_arena {
    char *cursor;
    char *limit;
    char *last_block; /* the block handed out last: it can grow, or be taken back, in place */
    uint32_t count;
    uint32_t capacity;
    uint32_t *chunks;
};

static _Thread_local pw_arena *current;

int pw_arena_setup(void) {
    void *reserved = mmap(NULL, CHUNK_SIZE * CHUNK_COUNT, PROT_READ | PROT_WRITE,
                          MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (reserved == MAP_FAILED) return -1;
    region = reserved;
    return 0;
}

int pw_arena_owns(const void *block) {
    return region != NULL && (uintptr_t)block - (uintptr_t)region < CHUNK_SIZE * CHUNK_COUNT;
}

/* Each block is its size (8 bytes) followed by its bytes, rounded up to 8. */
static size_t rounded(size_t size) { return (size + 7) & ~(size_t)7; }
static size_t size_of(const char *block) { return *(const size_t *)(block - 8); }

static int take_chunk(pw_arena *arena) {
    if (arena->count == arena->capacity) {
        uint32_t capacity = arena->capacity ? arena->capacity * 2 : 16;
        uint32_t *chunks = realloc(arena->chunks, capacity * sizeof *chunks);
        if (chunks == NULL) return 0;
        arena->chunks = chunks;
        arena->capacity = capacity;
    }
    uint32_t number;
    pthread_mutex_lock(&spare_lock);
    if (spare_count > 0) {
        number = spare[--spare_count];
    } else if (never_used < CHUNK_COUNT) {
        number = never_used++;
    } else {
        pthread_mutex_unlock(&spare_lock);
        return 0;
    }
    pthread_mutex_unlock(&spare_lock);
    arena->chunks[arena->count++] = number;
    arena->cursor = region + (size_t)number * CHUNK_SIZE;
    arena->limit = arena->cursor + CHUNK_SIZE;
    return 1;
}

static void *arena_allocate(pw_arena *arena, size_t size) {
    size_t needed = 8 + rounded(size);
    if ((size_t)(arena->limit - arena->cursor) < needed && !take_chunk(arena)) return malloc(size);
    char *block = arena->cursor + 8;
    *(size_t *)arena->cursor = size;
    arena->cursor += needed;
    arena->last_block = block;
    return block;
}

void *pw_arena_malloc(size_t size) {
    pw_arena *arena = current;
    if (arena == NULL || size > LARGEST_BLOCK) return malloc(size);
    return arena_allocate(arena, size);
}

void pw_arena_free(void *block) {
    if (!pw_arena_owns(block)) {
        free(block);
        return;
    }
    pw_arena *arena = current;
    if (arena != NULL && block == arena->last_block) { /* a scratch buffer freed at once: reuse its room */
        arena->cursor = (char *)block - 8;
        arena->last_block = NULL;
    }
}

void *pw_arena_realloc(void *block, size_t size) {
    if (block == NULL) return pw_arena_malloc(size);
    if (!pw_arena_owns(block)) return realloc(block, size);
    size_t old_size = size_of(block);
    pw_arena *arena = current;
    if (arena != NULL && block == arena->last_block && size <= LARGEST_BLOCK &&
        (size_t)(arena->limit - (char *)block) >= rounded(size)) {
        *(size_t *)((char *)block - 8) = size;
        arena->cursor = (char *)block + rounded(size);
        return block;
    }
    if (size <= old_size) return block;
    /* Moves to the current arena, or to malloc: a block outside its own parse never goes to another arena. */
    void *moved = pw_arena_malloc(size);
    if (moved != NULL) memcpy(moved, block, old_size);
    return moved;
}

char *pw_arena_strdup(const char *text) {
    if (text == NULL) return NULL;
    size_t length = strlen(text) + 1;
    char *copy = pw_arena_malloc(length);
    if (copy != NULL) memcpy(copy, text, length);
    return copy;
}

pw_arena *pw_arena_begin(void) {
    pw_arena *arena = calloc(1, sizeof *arena);
    if (arena == NULL) return NULL;
    current = arena;
    return arena;
}

void pw_arena_end(pw_arena *arena) {
    if (current == arena) current = NULL;
}

size_t pw_arena_chunk_bytes(const pw_arena *arena) { return (size_t)arena->count * CHUNK_SIZE; }

void pw_arena_release(pw_arena *arena) {
    if (arena == NULL) return;
    for (uint32_t index = KEPT_RESIDENT; index < arena->count; index++) {
        madvise(region + (size_t)arena->chunks[index] * CHUNK_SIZE, CHUNK_SIZE, MADV_DONTNEED);
    }
    pthread_mutex_lock(&spare_lock);
    /* The first chunks go back last, so the next document takes the resident ones first. */
    for (uint32_t index = arena->count; index > 0; index--) spare[spare_count++] = arena->chunks[index - 1];
    pthread_mutex_unlock(&spare_lock);
    free(arena->chunks);
    free(arena);
}
