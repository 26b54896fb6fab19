package questionnaire

import "github.com/continuum-screening/continuum/internal/strictyaml"

// Error is one problem in a definitions file (see strictyaml.Error).
type Error = strictyaml.Error

// Errors collects every problem found, so that one run shows them all.
type Errors = strictyaml.Errors
