// Package pyref is a forwarding shim for code written against the package's former location;
// the package itself is github.com/uran-browser/uran/radiomics/pyref (importable by tools).
//
// Deprecated: import radiomics/pyref.
package pyref

import "github.com/uran-browser/uran/radiomics/pyref"

type (
	Reference = pyref.Reference
	Input     = pyref.Input
	CaseFile  = pyref.CaseFile
)

var (
	ErrNoShared   = pyref.ErrNoShared
	SharedDir     = pyref.SharedDir
	List          = pyref.List
	ParamsFile    = pyref.ParamsFile
	LoadReference = pyref.LoadReference
	LoadNPY       = pyref.LoadNPY
	Compare       = pyref.Compare
)
