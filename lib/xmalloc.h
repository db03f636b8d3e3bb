/* xmalloc: allocation that logs and exits on out-of-memory (chrony's memory.c idea).
 * Sizes controlled by input must be capped by the caller before allocating. */
#ifndef OW_XMALLOC_H
#define OW_XMALLOC_H

#include <stddef.h>

void *xmalloc(size_t size);
/* Zeroed array allocation, overflow-checked. */
void *xcalloc(size_t nmemb, size_t size);
/* Array reallocation, overflow-checked. */
void *xreallocarray(void *ptr, size_t nmemb, size_t size);
char *xstrdup(const char *s);
/* printf into a new string. */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
