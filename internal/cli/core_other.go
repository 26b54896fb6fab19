//go:build !unix

package cli

// noCoreDumps does nothing where there is no core size limit to set (Windows
// writes crash dumps only when Windows Error Reporting is set up to).
func noCoreDumps() error { return nil }
