package cli

import "strconv"

// Sections of the manual pages beyond what each command's help says. They
// are English, as the help and the man pages are; the exit codes are the
// constants of exit.go (TestExitCodesDocumented).

// ManEntry is one line of a manual section: a term and what it means.
type ManEntry struct{ Term, Text string }

// ManSection is a section of every manual page.
type ManSection struct {
	Title   string
	Intro   string
	Entries []ManEntry
}

// ExitCodes are the exit codes of every command with their meaning.
var ExitCodes = []struct {
	Code int
	Text string
}{
	{ExitOK, "done"},
	{ExitError, "error: a file could not be read or written, the definitions are invalid, the input has identifying columns, or languages --check found translation work"},
	{ExitUsage, "usage error: a wrong command, flag or argument"},
	{ExitRejected, "score finished, but some records were rejected (each is named on standard error with its file and line)"},
	{ExitInterrupted, "interrupted: Ctrl+C, Ctrl+\\ (SIGQUIT), kill (SIGTERM) or a closed terminal (SIGHUP); a session clears the screen first, a batch stops after the record in hand and says how many were done"},
}

// Environment are the environment variables continuum reads
// (TestEnvironmentDocumented finds every one in the code).
var Environment = []ManEntry{
	{"CONTINUUM_LANG", "the language of the questions and results when --lang is not given: a code or a name (ro, Romanian, română)"},
	{"LC_ALL, LC_MESSAGES, LANG, LANGUAGE", "the system locale, the language when neither --lang nor CONTINUUM_LANG gives one (POSIX locale strings such as ro_RO.UTF-8)"},
	{"CONTINUUM_DIRECTORY", "an organisation's directory file of local services when --directory is not given; only read"},
	{"NO_COLOR", "plain text without colour, as --no-color"},
	{"ACCESSIBLE", "set (to anything but 0, false, no or off): the plain line-by-line mode for screen readers, as --accessible"},
	{"TERM, COLORTERM, CLICOLOR, CLICOLOR_FORCE", "the terminal's abilities and colour preferences; TERM=dumb gives the plain line-by-line mode"},
}

// Files are the files continuum reads; it writes none of its own.
var Files = []ManEntry{
	{"--indicators DIR", "an organisation's own definitions: YAML files (questionnaire, referral rules, practice cases) and their catalogues in DIR/locales/CODE/*.yaml; or one questionnaire file"},
	{"--directory FILE, CONTINUUM_DIRECTORY", "a directory of local services (YAML)"},
	{"--map FILE", "a mapping from a survey-platform export to the questionnaire (YAML)"},
	{"answer files", "the records score reads: JSON Lines (.jsonl), a JSON array (.json), CSV or tab-separated (.csv, .tsv) and workbooks (.xlsx); - or no file is standard input"},
	{"-o FILE", "the only files continuum writes: a handout, a slip or a form, where the user names one. No configuration, cache, history or log is ever written"},
}

// ManSections are the sections every manual page ends with, before SEE
// ALSO.
func ManSections() []ManSection {
	var codes []ManEntry
	for _, c := range ExitCodes {
		codes = append(codes, ManEntry{strconv.Itoa(c.Code), c.Text})
	}
	return []ManSection{
		{Title: "EXIT CODES", Entries: codes},
		{Title: "ENVIRONMENT", Entries: Environment},
		{Title: "FILES", Entries: Files},
	}
}
