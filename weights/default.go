package weights

import (
	_ "embed"
	"sync"
)

// defaultFile is the default model, trained by tools/train on the public BUSI data set (benign
// vs malignant lesions); the command that made it is recorded in the file and in the README.
//
//go:embed default.uranw
var defaultFile []byte

var (
	defaultOnce  sync.Once
	defaultModel *Model
	defaultErr   error
)

// Default returns the embedded default model, decoded and checked once. Callers share the
// returned model and must not modify it.
func Default() (*Model, error) {
	defaultOnce.Do(func() { defaultModel, defaultErr = Decode(defaultFile) })
	return defaultModel, defaultErr
}

// DefaultFile returns the bytes of the embedded default weights file (for serving it).
func DefaultFile() []byte { return defaultFile }
