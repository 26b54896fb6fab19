//go:build !unix

package batch

// filterMemory returns n zeroed bytes on the heap: this system has no
// anonymous mappings in package syscall.
func filterMemory(n int) ([]byte, func()) { return make([]byte, n), nil }
