package main

import (
	"encoding/json"
	"math"
	"strconv"

	"github.com/uran-browser/uran/radiomics"
)

// writeJSONObject encodes the features as one JSON object in their order (encoding/json would
// sort map keys). A NaN or infinite value, which JSON cannot hold, is null.
func writeJSONObject(features []radiomics.Feature) []byte {
	out := []byte{'{'}
	for i, f := range features {
		if i > 0 {
			out = append(out, ',')
		}
		out = append(out, "\n  "...)
		name, _ := json.Marshal(f.Name)
		out = append(out, name...)
		out = append(out, ": "...)
		out = append(out, jsonNumber(f.Value)...)
	}
	return append(out, "\n}\n"...)
}

func jsonNumber(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "null"
	}
	return strconv.FormatFloat(v, 'g', -1, 64)
}

// csvNumber writes the shortest decimal that reads back to the same float64, and "nan",
// "inf", "-inf" as PyRadiomics (Python's str) does.
func csvNumber(v float64) string {
	switch {
	case math.IsNaN(v):
		return "nan"
	case math.IsInf(v, 1):
		return "inf"
	case math.IsInf(v, -1):
		return "-inf"
	}
	return strconv.FormatFloat(v, 'g', -1, 64)
}
