// Package continuum holds the shipped data: the indicator definitions and the
// message catalogues, embedded so that the binary needs no files at run time.
package continuum

import "embed"

// Data holds indicators/*.yaml and locales/*.yaml.
//
//go:embed indicators/*.yaml locales/*.yaml
var Data embed.FS
