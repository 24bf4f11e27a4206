package static

import (
	"strconv"
	"strings"
)

// Content codings the handler can serve from precompressed siblings, best first: on equal
// quality values brotli wins over gzip, and both over identity.
var codings = []string{"br", "gzip"}

// acceptedQ parses an Accept-Encoding header (RFC 9110 §12.5.3) and returns the quality value
// the client gives each coding; "*" stands for every coding not named. A missing header means
// only identity is wanted (we never guess that a client can decompress).
func acceptedQ(header string) (q map[string]float64, star float64, hasStar bool) {
	q = map[string]float64{}
	for _, part := range strings.Split(header, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		name, params, _ := strings.Cut(part, ";")
		name = strings.ToLower(strings.TrimSpace(name))
		v := 1.0
		for _, p := range strings.Split(params, ";") {
			k, val, ok := strings.Cut(strings.TrimSpace(p), "=")
			if ok && strings.EqualFold(strings.TrimSpace(k), "q") {
				f, err := strconv.ParseFloat(strings.TrimSpace(val), 64)
				if err != nil || f < 0 || f > 1 {
					f = 0
				}
				v = f
			}
		}
		if name == "*" {
			star, hasStar = v, true
			continue
		}
		if name == "x-gzip" {
			name = "gzip"
		}
		q[name] = v
	}
	return q, star, hasStar
}

// chooseEncoding picks the content coding for a response given the request's Accept-Encoding
// and the codings available for the file. It returns "" for identity.
func chooseEncoding(header string, available map[string]bool) string {
	if header == "" || len(available) == 0 {
		return ""
	}
	q, star, hasStar := acceptedQ(header)
	best, bestQ := "", 0.0
	for _, c := range codings {
		if !available[c] {
			continue
		}
		v, named := q[c]
		if !named {
			if !hasStar {
				continue
			}
			v = star
		}
		if v > bestQ {
			best, bestQ = c, v
		}
	}
	idQ, named := q["identity"]
	if !named {
		idQ = 1 // identity is acceptable unless excluded explicitly
		if hasStar && star == 0 {
			idQ = 0
		}
	}
	if best != "" && bestQ >= idQ {
		return best
	}
	return ""
}
