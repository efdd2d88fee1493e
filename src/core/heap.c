/* heap.c: malloc's heaps on transparent huge pages (see heap.h). */
#include <malloc.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "heap.h"

#define HUGE_PAGE	((uintptr_t)2 << 20)
#define ARENA_HEAP	((uintptr_t)64 << 20)	/* glibc's HEAP_MAX_SIZE on 64 bits: a thread arena's
						 * heaps are reserved this size, aligned to it */

static uintptr_t main_from, main_to;	/* the main heap's range, after heap_init() */

void
heap_init(void)
{
	void *volatile grow;
	uintptr_t from, end;

	mallopt(M_MMAP_THRESHOLD, 32 << 20);
	mallopt(M_TRIM_THRESHOLD, 512 << 20);
	mallopt(M_TOP_PAD, 256 << 20);
	main_from = (uintptr_t)sbrk(0);
	from = (main_from + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1);
	grow = malloc(1 << 20);		/* the heap grows once, by the pad */
	free(grow);
	main_to = (uintptr_t)sbrk(0);
	end = main_to & ~(HUGE_PAGE - 1);
	if (end > from)
		madvise((void *)from, end - from, MADV_HUGEPAGE);
}

void
heap_thread_init(void)
{
	void *volatile p = malloc(64);	/* the thread's arena, made on its first allocation */
	uintptr_t at = (uintptr_t)p, base = at & ~(ARENA_HEAP - 1);

	/* not in the main heap (arenas are shared when there are many threads) */
	if (p != NULL && (at < main_from || at >= main_to))
		madvise((void *)base, ARENA_HEAP, MADV_HUGEPAGE);
	free(p);
}

void
heap_share(void)
{
	mallopt(M_ARENA_MAX, 1);
}
