/* heap.h: malloc's heaps on transparent huge pages.
 *
 * Profiling showed a third of the time going to page faults: the kernel maps the memory that
 * parsing and layout touch 4 KiB at a time, and on a virtual machine each fault is dear.  The
 * main heap grows in steps of 256 MiB of address space (memory is only used when touched), big
 * blocks come from it too (no mmap of their own), and the kernel is asked to back it with
 * 2 MiB pages; each thread that allocates much (the build's tasks, the proofs' painters) does
 * the same for its own arena, so that threads do not queue on one heap's lock.  Without
 * transparent huge pages, or under a sanitizer's allocator, madvise fails and nothing else
 * changes.
 */
#ifndef PAISANO_HEAP_H
#define PAISANO_HEAP_H

/* Once, at the start of main(). */
void	heap_init(void);
/* At the start of a thread, before it allocates much. */
void	heap_thread_init(void);
/* Before starting threads that allocate little but in big blocks (the proofs' painters): they
 * take memory from the main heap, which the stages before them freed and which is therefore
 * already mapped, instead of each starting an arena of fresh pages (a painter's first 4 MB
 * picture cost 6-13 ms of page faults on this machine, against 0.5 ms from the main heap). */
void	heap_share(void);

#endif
