package radiomics

import (
	"bytes"
	"fmt"
	"strings"

	"go.yaml.in/yaml/v3"
)

// maxParamFileSize bounds the parameter text ParseParams accepts (a real file is a few KB).
const maxParamFileSize = 1 << 20

// ParseParams reads a PyRadiomics-style YAML parameter file with the top-level keys imageType,
// featureClass and setting (all optional). An empty file gives DefaultParams. Anything that is
// not a valid 2-D PyRadiomics configuration is an error naming the key, its value and its line:
// unknown keys, wrong types (binCount: 32.5), out-of-range values (binWidth: -5, binCount: 0,
// sigma: [0]), unknown image types, classes or features, settings that only apply to 3-D
// volumes, and settings that cannot be overridden per image type.
func ParseParams(data []byte) (*Params, error) {
	if len(data) > maxParamFileSize {
		return nil, fmt.Errorf("parameter file: %d bytes, more than the %d allowed", len(data),
			maxParamFileSize)
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("parameter file: %w", err)
	}
	p := DefaultParams()
	if doc.Kind == 0 || len(doc.Content) == 0 {
		return p, nil // empty document
	}
	root := deref(doc.Content[0])
	if isNull(root) {
		return p, nil
	}
	if root.Kind != yaml.MappingNode {
		return nil, fmt.Errorf("parameter file: the top level must be a mapping with imageType, "+
			"featureClass and setting, got %s%s", nodeText(root), nodeLoc(root))
	}

	var typesNode, classesNode, settingNode *yaml.Node
	err := eachPair(root, func(key string, kn, vn *yaml.Node) error {
		switch key {
		case "imageType":
			typesNode = vn
		case "featureClass":
			classesNode = vn
		case "setting":
			settingNode = vn
		case "voxelSetting":
			return fmt.Errorf("voxelSetting%s: voxel-based extraction is not supported",
				nodeLoc(kn))
		default:
			return fmt.Errorf("unknown top-level key %q%s; expected imageType, featureClass "+
				"or setting", key, nodeLoc(kn))
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("parameter file: %w", err)
	}

	if settingNode != nil && !isNull(settingNode) {
		if err := decodeSettings(settingNode, &p.Settings, false, nil); err != nil {
			return nil, fmt.Errorf("parameter file: %w", err)
		}
	}
	if typesNode != nil {
		types, err := decodeImageTypes(typesNode)
		if err != nil {
			return nil, fmt.Errorf("parameter file: %w", err)
		}
		if len(types) > 0 {
			p.ImageTypes = types
		}
	}
	if classesNode != nil {
		classes, err := decodeClasses(classesNode)
		if err != nil {
			return nil, fmt.Errorf("parameter file: %w", err)
		}
		if len(classes) > 0 {
			p.Classes = classes
		}
	}
	if err := p.Validate(); err != nil {
		return nil, fmt.Errorf("parameter file: %w", err)
	}
	return p, nil
}

// deref follows YAML aliases (&anchor / *alias).
func deref(n *yaml.Node) *yaml.Node {
	for i := 0; n != nil && n.Kind == yaml.AliasNode && i < 16; i++ {
		n = n.Alias
	}
	if n == nil {
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!null"}
	}
	return n
}

// eachPair calls fn for each key/value of a mapping, in file order, rejecting non-string and
// duplicate keys.
func eachPair(m *yaml.Node, fn func(key string, kn, vn *yaml.Node) error) error {
	seen := map[string]bool{}
	for i := 0; i+1 < len(m.Content); i += 2 {
		kn, vn := deref(m.Content[i]), deref(m.Content[i+1])
		if kn.Kind != yaml.ScalarNode {
			return fmt.Errorf("keys must be names, got %s%s", nodeText(kn), nodeLoc(kn))
		}
		if seen[kn.Value] {
			return fmt.Errorf("key %q given twice%s", kn.Value, nodeLoc(kn))
		}
		seen[kn.Value] = true
		if err := fn(kn.Value, kn, vn); err != nil {
			return err
		}
	}
	return nil
}

// decodeSettings applies a setting mapping to s. perType restricts the keys to those an image
// type may override and records the keys it sets in keys.
func decodeSettings(n *yaml.Node, s *Settings, perType bool, keys *[]string) error {
	if n.Kind != yaml.MappingNode {
		return fmt.Errorf("setting must be a mapping of names to values, got %s%s", nodeText(n),
			nodeLoc(n))
	}
	return eachPair(n, func(key string, kn, vn *yaml.Node) error {
		k := keyByName(key)
		if k == nil {
			if why, ok := unsupportedKeys[key]; ok {
				return fmt.Errorf("setting %s%s is not supported: it %s", key, nodeLoc(kn), why)
			}
			return fmt.Errorf("unknown setting %q%s", key, nodeLoc(kn))
		}
		if perType && !k.perType {
			return fmt.Errorf("setting %s%s cannot be set per image type: it acts before images "+
				"are derived; set it under setting:", key, nodeLoc(kn))
		}
		if err := k.decode(vn, s); err != nil {
			return &SettingError{Key: key, Err: err}
		}
		if keys != nil {
			*keys = append(*keys, key)
		}
		return nil
	})
}

func decodeImageTypes(n *yaml.Node) ([]ImageType, error) {
	if isNull(n) {
		return nil, fmt.Errorf("imageType%s: must be a mapping of image types (for example "+
			"Original: {}), got nothing", nodeLoc(n))
	}
	if n.Kind != yaml.MappingNode {
		return nil, fmt.Errorf("imageType must be a mapping of image types, got %s%s",
			nodeText(n), nodeLoc(n))
	}
	var out []ImageType
	err := eachPair(n, func(name string, kn, vn *yaml.Node) error {
		it := ImageType{Name: name}
		if err := checkImageTypeName(name); err != nil {
			return fmt.Errorf("%w%s", err, nodeLoc(kn))
		}
		if !isNull(vn) {
			if err := decodeSettings(vn, &it.Overrides, true, &it.Keys); err != nil {
				return fmt.Errorf("imageType %s: %w", name, err)
			}
		}
		out = append(out, it)
		return nil
	})
	return out, err
}

func decodeClasses(n *yaml.Node) ([]FeatureClass, error) {
	if isNull(n) {
		return nil, fmt.Errorf("featureClass%s: must be a mapping of feature classes (for "+
			"example glcm:), got nothing", nodeLoc(n))
	}
	if n.Kind != yaml.MappingNode {
		return nil, fmt.Errorf("featureClass must be a mapping of feature classes, got %s%s",
			nodeText(n), nodeLoc(n))
	}
	var out []FeatureClass
	err := eachPair(n, func(name string, kn, vn *yaml.Node) error {
		c := FeatureClass{Name: name}
		if classByName(name) == nil {
			return fmt.Errorf("featureClass %q%s: unknown feature class; known: %s", name,
				nodeLoc(kn), classNames())
		}
		if !isNull(vn) {
			if vn.Kind != yaml.SequenceNode {
				return fmt.Errorf("featureClass %s: must be empty or a list of feature names, "+
					"got %s%s", name, nodeText(vn), nodeLoc(vn))
			}
			for _, fn := range vn.Content {
				fn = deref(fn)
				f, err := readString(fn)
				if err != nil {
					return fmt.Errorf("featureClass %s: every feature name %w", name, err)
				}
				c.Features = append(c.Features, f)
			}
		}
		if err := checkFeatureList(name, c.Features); err != nil {
			return fmt.Errorf("%w%s", err, nodeLoc(kn))
		}
		out = append(out, c)
		return nil
	})
	return out, err
}

// YAML returns the parameters as canonical PyRadiomics-style YAML: image types and classes in
// their order, then every setting (including defaults, so the text does not depend on this
// package's defaults). ParseParams(p.YAML()) gives back equal parameters. This text is what a
// weights file records.
func (p *Params) YAML() ([]byte, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	var b bytes.Buffer
	b.WriteString("imageType:\n")
	for i := range p.ImageTypes {
		it := &p.ImageTypes[i]
		lines := settingLines(&it.Overrides, it.Keys, false)
		if len(lines) == 0 {
			fmt.Fprintf(&b, "  %s: {}\n", it.Name)
			continue
		}
		fmt.Fprintf(&b, "  %s:\n", it.Name)
		for _, l := range lines {
			fmt.Fprintf(&b, "    %s\n", l)
		}
	}
	b.WriteString("featureClass:\n")
	for _, c := range p.Classes {
		if len(c.Features) == 0 {
			fmt.Fprintf(&b, "  %s:\n", c.Name)
			continue
		}
		fmt.Fprintf(&b, "  %s: [%s]\n", c.Name, strings.Join(c.Features, ", "))
	}
	b.WriteString("setting:\n")
	for _, l := range settingLines(&p.Settings, nil, true) {
		fmt.Fprintf(&b, "  %s\n", l)
	}
	return b.Bytes(), nil
}

// settingLines renders "key: value" lines in table order: every key if all, else the keys in
// keys. An unset nullable key is written as null when it was named explicitly.
func settingLines(s *Settings, keys []string, all bool) []string {
	var out []string
	for i := range settingKeys {
		k := &settingKeys[i]
		named := contains(keys, k.name)
		if !all && !named {
			continue
		}
		text, set := k.encode(s)
		if !set {
			if named {
				out = append(out, k.name+": null")
			}
			continue
		}
		out = append(out, k.name+": "+text)
	}
	return out
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
