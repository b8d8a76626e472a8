/*
 * Secrets (PSKs, derived keys): wiped in a way the compiler cannot elide,
 * and wiped before they are freed.
 */
#ifndef VT_COMMON_SECRET_H
#define VT_COMMON_SECRET_H

#include <stddef.h>

void secret_wipe(void *p, size_t n);
/* Wipe n bytes, then free.  NULL is fine. */
void secret_free(void *p, size_t n);
/* strdup/free for secret strings; secret_strfree wipes strlen+1 bytes. */
char *secret_strdup(const char *s);
void secret_strfree(char *s);

#endif
