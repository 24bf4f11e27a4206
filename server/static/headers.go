package static

import (
	"fmt"
	"net/http"
	"strings"
)

// Policy is the set of security headers sent with every response, files and errors alike.
//
// The page promises that nothing the user gives leaves the browser, so the Content-Security-Policy
// only allows the page's own origin: scripts from 'self' (plus 'wasm-unsafe-eval', which permits
// WebAssembly compilation and nothing else), fetch/XHR/WebSocket to 'self', no inline script, no
// plugins, no form posts. Images may be blob: or data: URLs because the page paints canvases and
// offers downloads built in memory.
type Policy struct {
	// FrameAncestors lists the origins allowed to show the page in a frame, as CSP
	// source expressions ("'self'", "https://portal.example.org"). Empty means nobody
	// ('none'), which also sends X-Frame-Options: DENY for older browsers.
	FrameAncestors []string

	// HSTS adds Strict-Transport-Security (only meaningful when served over HTTPS, as on
	// Cloudflare or behind a TLS proxy).
	HSTS bool
}

// ParseFrameAncestors splits a space- or comma-separated list of CSP source expressions and
// checks each one, so a flag value cannot inject another directive into the policy.
func ParseFrameAncestors(s string) ([]string, error) {
	fields := strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == ',' })
	var out []string
	for _, f := range fields {
		if err := checkSource(f); err != nil {
			return nil, fmt.Errorf("frame-ancestors %q: %w", f, err)
		}
		if f == "'none'" {
			if len(fields) > 1 {
				return nil, fmt.Errorf("frame-ancestors: 'none' cannot be combined with origins")
			}
			return nil, nil
		}
		out = append(out, f)
	}
	return out, nil
}

// checkSource accepts 'self', a scheme ("https:") or a host source with optional scheme,
// wildcard subdomain and port; anything with quotes, semicolons, commas or spaces is refused.
func checkSource(s string) error {
	switch s {
	case "'self'", "'none'":
		return nil
	}
	if strings.ContainsAny(s, "';,\"\\ \t\r\n") {
		return fmt.Errorf("not a CSP source expression")
	}
	for _, r := range s {
		if r < 0x21 || r > 0x7e {
			return fmt.Errorf("not a CSP source expression (non-ASCII or control character)")
		}
	}
	if strings.HasSuffix(s, ":") && !strings.Contains(s, "/") {
		return nil // scheme source such as https:
	}
	host := s
	if i := strings.Index(host, "://"); i >= 0 {
		host = host[i+3:]
	}
	if host == "" || strings.HasPrefix(host, "/") {
		return fmt.Errorf("missing host")
	}
	return nil
}

// ContentSecurityPolicy returns the policy text.
func (p Policy) ContentSecurityPolicy() string {
	fa := "'none'"
	if len(p.FrameAncestors) > 0 {
		fa = strings.Join(p.FrameAncestors, " ")
	}
	return strings.Join([]string{
		"default-src 'none'",
		"script-src 'self' 'wasm-unsafe-eval'",
		"worker-src 'self'",
		"connect-src 'self'",
		"img-src 'self' blob: data:",
		"style-src 'self'",
		"manifest-src 'self'",
		"base-uri 'none'",
		"form-action 'none'",
		"object-src 'none'",
		"frame-ancestors " + fa,
	}, "; ")
}

// Apply sets the security headers on h.
func (p Policy) Apply(h http.Header) {
	h.Set("Content-Security-Policy", p.ContentSecurityPolicy())
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("Cross-Origin-Opener-Policy", "same-origin")
	h.Set("Cross-Origin-Resource-Policy", "same-origin")
	h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=(), usb=(), "+
		"payment=(), browsing-topics=()")
	if len(p.FrameAncestors) == 0 {
		h.Set("X-Frame-Options", "DENY")
	}
	if p.HSTS {
		h.Set("Strict-Transport-Security", "max-age=31536000")
	}
}
