package radiomics

import (
	"fmt"
	"os"
	"strings"
)

// ParamsFileError is a problem with a named parameter file: Name is the file as the user gave
// it and Err the error of ParseParams. Its message reads "parameter file NAME: problem".
type ParamsFileError struct {
	Name string
	Err  error
}

func (e *ParamsFileError) Error() string {
	msg := strings.TrimPrefix(e.Err.Error(), "parameter file: ")
	return "parameter file " + e.Name + ": " + msg
}

func (e *ParamsFileError) Unwrap() error { return e.Err }

// ParseParamsFile is ParseParams for a file the user named: every error is a
// *ParamsFileError naming it, such as "parameter file p.yaml: setting binCount: must be an
// integer >= 1, got 0 (line 2)". An empty name gives ParseParams' own messages.
func ParseParamsFile(data []byte, name string) (*Params, error) {
	p, err := ParseParams(data)
	if err != nil && name != "" {
		return nil, &ParamsFileError{Name: name, Err: err}
	}
	return p, err
}

// ReadParamsFile reads and parses the parameter file at path (see ParseParamsFile).
func ReadParamsFile(path string) (*Params, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read parameter file: %w", err)
	}
	return ParseParamsFile(data, path)
}
