/* error.c: words for the wire layer's error codes. */
#include "wire/wire.h"

/*@ assigns \nothing;
    ensures \result != \null;
 */
const char *
wire_strerror(int err)
{
	switch (err) {
	case WIRE_OK:		return "no error";
	case WIRE_ESHORT:	return "input ends inside an item";
	case WIRE_ERANGE:	return "value out of range";
	case WIRE_EBADTAG:	return "unknown multiplex code";
	case WIRE_ENOSPC:	return "no room for the item";
	case WIRE_EINVAL:	return "value cannot be encoded";
	default:		return "unknown wire error";
	}
}
