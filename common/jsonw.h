/*
 * A small JSON writer (RFC 8259) into a strbuf, for the JSON form of show
 * commands.  It tracks nesting and commas; strings are escaped.
 *
 *   jw_obj_begin(w); jw_key(w, "name"); jw_str(w, "vti1"); jw_obj_end(w);
 *   jw_kv_str(w, "name", "vti1") is the same as the key + value pair.
 */
#ifndef VT_COMMON_JSONW_H
#define VT_COMMON_JSONW_H

#include <stdbool.h>
#include <stdint.h>

#include "common/strbuf.h"

#define JW_MAX_DEPTH 32

struct jsonw {
	struct strbuf *sb;
	int depth;
	bool need_comma[JW_MAX_DEPTH];
	bool after_key;
	bool pretty;
	bool err; /* nesting misuse or depth exceeded */
	uint32_t is_obj; /* bit d set: the container at depth d is an object */
};

void jw_init(struct jsonw *w, struct strbuf *sb, bool pretty);
void jw_obj_begin(struct jsonw *w);
void jw_obj_end(struct jsonw *w);
void jw_arr_begin(struct jsonw *w);
void jw_arr_end(struct jsonw *w);
void jw_key(struct jsonw *w, const char *key);
void jw_str(struct jsonw *w, const char *s); /* NULL -> null */
void jw_int(struct jsonw *w, int64_t v);
void jw_uint(struct jsonw *w, uint64_t v);
void jw_bool(struct jsonw *w, bool v);
void jw_null(struct jsonw *w);
void jw_kv_str(struct jsonw *w, const char *key, const char *s);
void jw_kv_int(struct jsonw *w, const char *key, int64_t v);
void jw_kv_uint(struct jsonw *w, const char *key, uint64_t v);
void jw_kv_bool(struct jsonw *w, const char *key, bool v);
/* True when every begin had its end, nothing was misused and the strbuf
 * did not fail.  After a misuse the writer writes nothing more. */
bool jw_ok(const struct jsonw *w);

#endif
