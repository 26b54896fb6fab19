package batch

import "syscall"

// adviseHugePages asks for huge pages for mem; only advice.
func adviseHugePages(mem []byte) { syscall.Madvise(mem, syscall.MADV_HUGEPAGE) }
