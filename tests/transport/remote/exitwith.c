/* exitwith N: writes one line to stderr and exits with status N
 * (0-255). */
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 1;

	fprintf(stderr, "exitwith: exiting with status %d\n", n);
	return n & 0xff;
}
