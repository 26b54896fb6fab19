package questionnaire

import (
	"reflect"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/continuum-screening/continuum/internal/strictyaml"
)

// MaxFileSize bounds a definitions file. The shipped files are a few KiB; a
// larger file is a mistake or an attack, and is refused before parsing.
const MaxFileSize = 1 << 20

// File is one definitions file.
type File struct {
	Name string
	Data []byte
}

// parseYAML checks a file's size, encoding and structure and returns its root
// mapping node (see strictyaml.Parse).
func parseYAML(f File, errs *Errors) *yaml.Node {
	root, p := strictyaml.Parse(f.Data, MaxFileSize, "a mapping with a kind key")
	if p != nil {
		errs.AddProblem(f.Name, p)
		return nil
	}
	return root
}

// decodeStrict decodes data into v, refusing unknown keys.
func decodeStrict(f File, root *yaml.Node, v any, errs *Errors) bool {
	ps := strictyaml.DecodeStrict(f.Data, root, v, knownKeys)
	for i := range ps {
		errs.AddProblem(f.Name, &ps[i])
	}
	return len(ps) == 0
}

// knownKeys lists the yaml keys of one of this package's raw types.
func knownKeys(name string) []string {
	for _, t := range rawTypes {
		if t.Name() == name {
			var keys []string
			for i := 0; i < t.NumField(); i++ {
				tag := strings.Split(t.Field(i).Tag.Get("yaml"), ",")[0]
				if tag != "" && tag != "-" {
					keys = append(keys, tag)
				}
			}
			return keys
		}
	}
	return nil
}

var rawTypes = []reflect.Type{
	reflect.TypeOf(rawQuestionnaire{}), reflect.TypeOf(rawQuestion{}), reflect.TypeOf(rawCondition{}),
	reflect.TypeOf(rawChoice{}), reflect.TypeOf(rawConsent{}), reflect.TypeOf(rawDelphi{}),
	reflect.TypeOf(rawDimension{}), reflect.TypeOf(rawItem{}), reflect.TypeOf(rawILO{}),
}

var (
	mapValue = strictyaml.MapValue
	lineOf   = strictyaml.LineOf
	seqItem  = strictyaml.SeqItem
)
