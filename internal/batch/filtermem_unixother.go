//go:build unix && !linux

package batch

// adviseHugePages does nothing: huge pages are asked for on Linux only.
func adviseHugePages([]byte) {}
