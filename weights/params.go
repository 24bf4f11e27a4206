package weights

import (
	"fmt"

	"github.com/uran-browser/uran/radiomics"
)

// Params parses the model's extraction parameters. A model trained on a feature table without
// parameters has none and gets an error saying so.
func (m *Model) Params() (*radiomics.Params, error) {
	if m.ParamsYAML == "" {
		return nil, fmt.Errorf("this model was trained on a ready-made feature table and " +
			"records no extraction parameters: it can score feature vectors, not images")
	}
	p, err := radiomics.ParseParams([]byte(m.ParamsYAML))
	if err != nil {
		return nil, fmt.Errorf("the model's extraction parameters: %w", err)
	}
	return p, nil
}

// checkParams verifies that the extraction parameters parse and produce exactly the model's
// feature list, in order; the error names the first feature that differs.
func (m *Model) checkParams() error {
	p, err := m.Params()
	if err != nil {
		return &ShapeError{err.Error()}
	}
	names := p.FeatureNames()
	for i := range max(len(names), len(m.Features)) {
		switch {
		case i >= len(names):
			return shapeErr("feature %d %q is in the model but its extraction parameters "+
				"produce only %d features", i, m.Features[i], len(names))
		case i >= len(m.Features):
			return shapeErr("the extraction parameters produce feature %d %q, which the "+
				"model (%d features) lacks", i, names[i], len(m.Features))
		case names[i] != m.Features[i]:
			return shapeErr("feature %d is %q in the model but %q from its extraction "+
				"parameters", i, m.Features[i], names[i])
		}
	}
	return nil
}
