/*
 * A growing NUL-terminated string buffer, for command output and rendering.
 * An allocation failure sets a sticky flag; the text so far stays valid.
 */
#ifndef VT_COMMON_STRBUF_H
#define VT_COMMON_STRBUF_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

struct strbuf {
	char *s; /* always NUL-terminated once anything was added; may be NULL before */
	size_t len;
	size_t cap;
	bool err;
};

#define STRBUF_INIT {NULL, 0, 0, false}

void sb_init(struct strbuf *sb);
void sb_free(struct strbuf *sb);
void sb_reset(struct strbuf *sb); /* len = 0, keeps memory */
const char *sb_str(const struct strbuf *sb); /* "" when empty */
bool sb_add(struct strbuf *sb, const char *s);
bool sb_addn(struct strbuf *sb, const char *s, size_t n);
bool sb_addc(struct strbuf *sb, char c);
bool sb_printf(struct strbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
bool sb_vprintf(struct strbuf *sb, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
/* Drop trailing newlines (a multi-line error made into one log line). */
void sb_trim_nl(struct strbuf *sb);
/* Hand the string over to the caller (free() it); the buffer is reset. */
char *sb_steal(struct strbuf *sb);

#endif
