/* session.c: passwords (libsodium's memory-hard crypto_pwhash), random tokens, CSRF tokens.
 *
 * A session is a random 256-bit token in a cookie; the store keeps only its SHA-256, so a
 * copy of the database opens no session.  Each session has its own CSRF token, which every
 * form carries and every POST must return. */
#include <string.h>

#include <sodium.h>

#include "desk.h"

/* `bytes` random bytes as hex (g_free). */
char *
desk_random_hex(gsize bytes)
{
	guchar *b = g_malloc(bytes);
	char *hex = g_malloc(bytes * 2 + 1);

	randombytes_buf(b, bytes);
	sodium_bin2hex(hex, bytes * 2 + 1, b, bytes);
	g_free(b);
	return hex;
}

char *
desk_sha256_hex(const void *data, gsize len)
{
	return g_compute_checksum_for_data(G_CHECKSUM_SHA256, data, len);
}

/* crypto_pwhash_str: Argon2id with libsodium's interactive limits (64 MiB, a few passes). */
char *
password_hash(const char *pw, GError **err)
{
	char out[crypto_pwhash_STRBYTES];

	if (sodium_init() < 0 || crypto_pwhash_str(out, pw, strlen(pw), crypto_pwhash_OPSLIMIT_INTERACTIVE,
	    crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
		g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_NOMEM, "cannot hash the password (out of memory?)");
		return NULL;
	}
	return g_strdup(out);
}

gboolean
password_verify(const char *hash, const char *pw)
{
	if (sodium_init() < 0 || hash == NULL)
		return FALSE;
	return crypto_pwhash_str_verify(hash, pw, strlen(pw)) == 0;
}

/* The form's token against the session's, in constant time. */
gboolean
csrf_ok(const struct session *s, const char *token)
{
	gsize n;

	if (s == NULL || s->csrf == NULL || token == NULL)
		return FALSE;
	n = strlen(s->csrf);
	return strlen(token) == n && n >= 32 && sodium_memcmp(s->csrf, token, n) == 0;
}

void
session_free(struct session *s)
{
	if (s == NULL)
		return;
	g_free(s->idhash);
	g_free(s->csrf);
	user_free(s->user);
	g_free(s);
}
