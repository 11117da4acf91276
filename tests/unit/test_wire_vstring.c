/*
 * test_wire_vstring.c: vstring (spec/02-integers.md 2.5) against bytes
 * upstream rsync 3.5.0 wrote (tests/vectors/capture.sh):
 *   ids-p32.c2s @4    the client's checksum list, 1-byte length 0x1e
 *   ids-p32.s2c @6    the server's checksum list, 1-byte length 0x23
 *   hlink-p32.c2s @0x57  an xname (ITEM_XNAME_FOLLOWS) of 142 bytes,
 *                     2-byte length 80 8e: "a/" and 140 'L'
 * Upstream reads negotiation strings with bufsize 256 (maxlen 255).
 */
#include "vectors.h"

#include <string.h>

static const char cli_list[] = "xxh128 xxh3 xxh64 md5 md4 sha1";
static const char srv_list[] = "xxh128 xxh3 xxh64 md5 md4 sha1 none";

static void
one(const char *file, size_t off, const uint8_t *hdr, size_t hlen,
    const uint8_t *str, size_t slen)
{
	struct cap c;
	const uint8_t *got = NULL;
	uint8_t out[512];
	size_t pos, n = 777, k;

	cap_load(&c, file);
	cap_expect(&c, off, hdr, hlen);
	cap_expect(&c, off + hlen, str, slen);
	pos = off;
	assert_int_equal(wire_get_vstring(c.b, c.n, &pos, 4095, &got, &n), 0);
	assert_int_equal(n, slen);
	assert_int_equal(pos, off + hlen + slen);
	assert_ptr_equal(got, c.b + off + hlen);
	pos = 0;
	assert_int_equal(wire_put_vstring(out, sizeof(out), &pos, str, slen), 0);
	assert_int_equal(pos, hlen + slen);
	assert_memory_equal(out, c.b + off, hlen + slen);
	/* Every truncation. */
	for (k = 0; k < hlen + slen; k++) {
		pos = 0;
		got = NULL;
		n = 777;
		assert_int_equal(wire_get_vstring(out, k, &pos, 4095, &got, &n),
		    WIRE_ESHORT);
		assert_int_equal(pos, 0);
		assert_null(got);
		assert_int_equal(n, 777);
	}
	/* Every short output: ENOSPC, nothing written. */
	for (k = 0; k < hlen + slen; k++) {
		uint8_t o2[512];

		memset(o2, 0xAA, sizeof(o2));
		pos = 0;
		assert_int_equal(wire_put_vstring(o2, k, &pos, str, slen),
		    WIRE_ENOSPC);
		assert_int_equal(pos, 0);
		assert_int_equal(o2[0], 0xAA);
	}
	/* maxlen: exactly slen is fine, one less is ERANGE. */
	pos = off;
	assert_int_equal(wire_get_vstring(c.b, c.n, &pos, slen, &got, &n), 0);
	pos = off;
	got = NULL;
	assert_int_equal(wire_get_vstring(c.b, c.n, &pos, slen - 1, &got, &n),
	    WIRE_ERANGE);
	assert_int_equal(pos, off);
	assert_null(got);
	cap_free(&c);
}

static void
test_captured(void **state)
{
	uint8_t xname[142], h;
	static const uint8_t h2[2] = { 0x80, 0x8e };

	(void)state;
	h = sizeof(cli_list) - 1;
	one("ids-p32.c2s", 4, &h, 1, (const uint8_t *)cli_list, h);
	h = sizeof(srv_list) - 1;
	one("ids-p32.s2c", 6, &h, 1, (const uint8_t *)srv_list, h);
	xname[0] = 'a';
	xname[1] = '/';
	memset(xname + 2, 'L', 140);
	one("hlink-p32.c2s", 0x57, h2, 2, xname, sizeof(xname));
}

/* Spec boundaries: lengths 0, 1, 0x7f (1 byte), 0x80, 0xff, 0x100,
 * 0x7fff (2 bytes), 0x8000 refused by the encoder. */
static void
test_boundaries(void **state)
{
	static uint8_t str[0x8001], buf[0x8010];
	static const size_t lens[] = { 0, 1, 0x7f, 0x80, 0xff, 0x100, 0x7fff };
	const uint8_t *got;
	size_t i, pos, n;

	(void)state;
	for (i = 0; i < sizeof(str); i++)
		str[i] = (uint8_t)(i * 7);
	for (i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
		size_t h = lens[i] <= 0x7f ? 1 : 2;

		pos = 0;
		assert_int_equal(wire_put_vstring(buf, sizeof(buf), &pos, str,
		    lens[i]), 0);
		assert_int_equal(pos, h + lens[i]);
		if (h == 2) {
			assert_int_equal(buf[0], lens[i] / 0x100 + 0x80);
			assert_int_equal(buf[1], lens[i] % 0x100);
		} else
			assert_int_equal(buf[0], lens[i]);
		pos = 0;
		assert_int_equal(wire_get_vstring(buf, sizeof(buf), &pos,
		    WIRE_VSTRING_MAXLEN, &got, &n), 0);
		assert_int_equal(n, lens[i]);
		assert_int_equal(pos, h + lens[i]);
		assert_memory_equal(got, str, n);
		/* Upstream's bufsize 256 for negotiation strings. */
		pos = 0;
		assert_int_equal(wire_get_vstring(buf, sizeof(buf), &pos, 255,
		    &got, &n), lens[i] <= 255 ? 0 : WIRE_ERANGE);
	}
	pos = 0;
	assert_int_equal(wire_put_vstring(buf, sizeof(buf), &pos, str, 0x8000),
	    WIRE_EINVAL);
	assert_int_equal(pos, 0);
	/* A 2-byte length for a short string is read as upstream does. */
	buf[0] = 0x80;
	buf[1] = 0x02;
	buf[2] = 'h';
	buf[3] = 'i';
	pos = 0;
	assert_int_equal(wire_get_vstring(buf, 4, &pos, 255, &got, &n), 0);
	assert_int_equal(n, 2);
	assert_int_equal(pos, 4);
	/* Over maxlen: "over-long vstring received". */
	buf[0] = 0x81;
	buf[1] = 0x00;
	pos = 0;
	assert_int_equal(wire_get_vstring(buf, sizeof(buf), &pos, 255, &got,
	    &n), WIRE_ERANGE);
	assert_int_equal(pos, 0);
	/* Empty input, lone 2-byte lead. */
	assert_int_equal(wire_get_vstring(buf, 0, &pos, 255, &got, &n),
	    WIRE_ESHORT);
	assert_int_equal(wire_get_vstring(buf, 1, &pos, 255, &got, &n),
	    WIRE_ESHORT);
	assert_int_equal(pos, 0);
}

int
main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_captured),
		cmocka_unit_test(test_boundaries),
	};

	vectors_init(argc, argv);
	return cmocka_run_group_tests_name("wire_vstring", tests, NULL, NULL);
}
