//go:build unix && !linux

package cli

import "syscall"

// noCoreDumps keeps the answers of a session out of core dumps: the core
// size limit goes to zero.
func noCoreDumps() error {
	return syscall.Setrlimit(syscall.RLIMIT_CORE, &syscall.Rlimit{Cur: 0, Max: 0})
}
