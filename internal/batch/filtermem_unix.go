//go:build unix

package batch

import "syscall"

// filterMemory returns n zeroed bytes mapped outside the garbage-collected
// heap, with the function that unmaps them; made on the heap when the
// system refuses.
func filterMemory(n int) ([]byte, func()) {
	mem, err := syscall.Mmap(-1, 0, n, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_ANON|syscall.MAP_PRIVATE)
	if err != nil {
		return make([]byte, n), nil
	}
	// Ids fall anywhere in it: huge pages, where the system has them,
	// spare a page fault and a TLB miss for most ids. Only advice.
	adviseHugePages(mem)
	return mem, func() { syscall.Munmap(mem) }
}
