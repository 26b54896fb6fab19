package referral

import (
	"fmt"
	"os"
	"regexp"
	"strings"

	"go.yaml.in/yaml/v3"

	q "github.com/continuum-screening/continuum/internal/questionnaire"
)

// KindDirectory is the kind of an organisation's directory of local services.
const KindDirectory = "referral-directory"

// EnvDirectory names the environment variable that gives a directory file
// when --directory is not used.
const EnvDirectory = "CONTINUUM_DIRECTORY"

// Values of shares_data_with_immigration and free.
const (
	Yes     = "yes"
	No      = "no"
	Unknown = "unknown"
)

// ContactKeys are the ways to reach a service, in display order.
var ContactKeys = []string{"phone", "sms", "email", "web", "address", "other"}

// Service is one real service of an organisation's area. Every text comes
// from the directory file and is untrusted: a renderer makes it inert.
type Service struct {
	Name      string
	Type      string
	Languages []string
	Hours     string
	// Contact maps a key of ContactKeys to how to reach the service that way.
	Contact map[string]string
	// SharesData is shares_data_with_immigration: yes, no or unknown.
	SharesData string
	// Free is yes, no or unknown ("" when not given).
	Free  string
	Notes string
	Line  int
}

// NeedsFirewallCaution reports whether the firewall caution must be shown
// next to the service: whenever it is not known for sure that it does not
// share data with immigration enforcement.
func (s *Service) NeedsFirewallCaution() bool { return s.SharesData != No }

// Directory is an organisation's list of services, read-only.
type Directory struct {
	File     string
	Area     string
	Services []*Service
}

// For lists the services of one type, in file order.
func (d *Directory) For(typeID string) []*Service {
	if d == nil {
		return nil
	}
	var out []*Service
	for _, s := range d.Services {
		if s.Type == typeID {
			out = append(out, s)
		}
	}
	return out
}

var (
	dirKeys     = []string{"kind", "area", "services"}
	serviceKeys = []string{"name", "type", "languages", "hours", "contact", "shares_data_with_immigration", "free", "notes"}
	// langRE is a language code: en, ro, pt-BR, zh-Hant.
	langRE = regexp.MustCompile(`^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$`)
)

// maxServices bounds a directory; an area's list is a few dozen entries.
const maxServices = 1000

// ReadDirectory reads and validates a directory file. It only reads.
func ReadDirectory(rules *Rules, name string) (*Directory, error) {
	info, err := os.Stat(name)
	if err != nil {
		return nil, err
	}
	if info.IsDir() {
		return nil, q.Errors{{File: name, Msg: "a folder; expected a directory file (YAML)"}}
	}
	if info.Size() > MaxFileSize {
		return nil, q.Errors{{File: name, Msg: fmt.Sprintf("file is %d bytes; expected at most %d", info.Size(), MaxFileSize)}}
	}
	data, err := os.ReadFile(name)
	if err != nil {
		return nil, err
	}
	return ParseDirectory(rules, q.File{Name: name, Data: data})
}

// ParseDirectory validates a directory file against the referral types of
// rules. Every problem is returned, each naming file, line and field; the
// free texts of the file are never repeated in a message.
func ParseDirectory(rules *Rules, f q.File) (*Directory, error) {
	e := &errs{file: f.Name}
	root := parse(f, e)
	if root == nil {
		return nil, e.err()
	}
	top, _ := fields(root, "", dirKeys, e)
	d := &Directory{File: f.Name}
	if kf, ok := top["kind"]; !ok {
		e.add(root.Line, "kind", "missing; expected %s", KindDirectory)
	} else if kf.val.Value != KindDirectory {
		e.add(kf.val.Line, "kind", "%q; expected %s", clip(kf.val.Value), KindDirectory)
	}
	if af, ok := top["area"]; ok {
		d.Area, _ = text(af, "area", e)
	}
	sf, ok := top["services"]
	switch {
	case !ok:
		e.add(root.Line, "services", "missing; expected the list of services")
	case sf.val.Kind != yaml.SequenceNode:
		e.add(sf.val.Line, "services", "found %s; expected a list of services", kindName(sf.val))
	case len(sf.val.Content) > maxServices:
		e.add(sf.val.Line, "services", "%d services; expected at most %d", len(sf.val.Content), maxServices)
	default:
		for i, sn := range sf.val.Content {
			if s := parseService(rules, sn, fmt.Sprintf("services[%d]", i), e); s != nil {
				d.Services = append(d.Services, s)
			}
		}
	}
	if err := e.err(); err != nil {
		return nil, err
	}
	return d, nil
}

func parseService(rules *Rules, n *yaml.Node, p string, e *errs) *Service {
	kv, ok := fields(n, p, serviceKeys, e)
	if kv == nil {
		return nil
	}
	s := &Service{Line: n.Line, Contact: map[string]string{}}
	need := func(key, what string) (field, bool) {
		f, has := kv[key]
		if !has {
			e.add(n.Line, p+"."+key, "missing; expected %s", what)
			ok = false
		}
		return f, has
	}
	if f, has := need("name", "the service's name"); has {
		v, good := text(f, p+".name", e)
		s.Name, ok = v, ok && good
	}
	if f, has := need("type", "a referral type: "+strings.Join(rules.IDs(), ", ")); has {
		switch {
		case f.val.Kind != yaml.ScalarNode:
			e.add(f.val.Line, p+".type", "found %s; expected one referral type", kindName(f.val))
			ok = false
		case rules.Type(f.val.Value) == nil:
			e.add(f.val.Line, p+".type", "unknown type %q; expected one of: %s", clip(f.val.Value), strings.Join(rules.IDs(), ", "))
			ok = false
		default:
			s.Type = f.val.Value
		}
	}
	if f, has := kv["languages"]; has {
		langs, lines, good := list(f, p+".languages", e)
		ok = ok && good
		for i, l := range langs {
			if !langRE.MatchString(l) {
				e.add(lines[i], fmt.Sprintf("%s.languages[%d]", p, i), "not a language code; expected codes such as en, ro, pt-BR")
				ok = false
				continue
			}
			s.Languages = append(s.Languages, l)
		}
	}
	if f, has := kv["hours"]; has {
		v, good := text(f, p+".hours", e)
		s.Hours, ok = v, ok && good
	}
	if f, has := need("contact", "at least one way to reach the service: "+strings.Join(ContactKeys, ", ")); has {
		ck, good := fields(f.val, p+".contact", ContactKeys, e)
		ok = ok && good
		for k, cf := range ck {
			if v, good := text(cf, p+".contact."+k, e); good {
				s.Contact[k] = v
			} else {
				ok = false
			}
		}
		if ck != nil && len(ck) == 0 {
			e.add(f.val.Line, p+".contact", "empty; expected at least one way to reach the service: %s", strings.Join(ContactKeys, ", "))
			ok = false
		}
	}
	choice := func(f field, key string) (string, bool) {
		switch v := f.val.Value; {
		case f.val.Kind == yaml.ScalarNode && (v == Yes || v == No || v == Unknown):
			return v, true
		default:
			e.add(f.val.Line, p+"."+key, "%q; expected yes, no or unknown", clip(v))
			return "", false
		}
	}
	if f, has := need("shares_data_with_immigration", "yes, no or unknown (unknown when you are not sure)"); has {
		v, good := choice(f, "shares_data_with_immigration")
		s.SharesData, ok = v, ok && good
	}
	if f, has := kv["free"]; has {
		v, good := choice(f, "free")
		s.Free, ok = v, ok && good
	}
	if f, has := kv["notes"]; has {
		v, good := text(f, p+".notes", e)
		s.Notes, ok = v, ok && good
	}
	if !ok {
		return nil
	}
	return s
}
