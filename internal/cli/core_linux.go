package cli

import "syscall"

// noCoreDumps keeps the answers of a session out of core dumps: the core
// size limit goes to zero, and the process is marked not dumpable, which
// also stops a core dump piped to a crash collector (core_pattern "|...")
// and keeps other processes of the same user from attaching to it or reading
// its memory through /proc.
func noCoreDumps() error {
	err := syscall.Setrlimit(syscall.RLIMIT_CORE, &syscall.Rlimit{Cur: 0, Max: 0})
	const prSetDumpable = 4 // PR_SET_DUMPABLE
	if _, _, e := syscall.RawSyscall(syscall.SYS_PRCTL, prSetDumpable, 0, 0); e != 0 && err == nil {
		err = e
	}
	return err
}
