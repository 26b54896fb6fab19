// Package continuum holds the shipped data: the indicator definitions and the
// message catalogues, embedded so that the binary needs no files at run time.
package continuum

import "embed"

// Data holds indicators/*.yaml and locales/ (one folder per language).
//
//go:embed indicators/*.yaml locales
var Data embed.FS
