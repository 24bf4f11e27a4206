// Package weights holds a trained URAN model: its file format and its forward pass.
//
// # The network
//
// A model scores one lesion from its radiomics feature vector v (the N features named in
// Model.Features, produced by the extraction parameters in Model.ParamsYAML):
//
//  1. Standardise with the training-fold scaler: x_j = (v_j − μ_j) / σ_j, σ_j the population
//     standard deviation (divisor n) of the training rows; a column that was constant in
//     training has σ_j = 1.
//  2. HKFS (HER2 key feature selection) keeps k of the N features and multiplies each kept one by
//     its gate value: z_i = γ_i x_{j(i)}. The Lasso form has γ_i = 1; the learned-gate form
//     stores the non-zero gate weights; the form "none" keeps every feature with γ_i = 1.
//  3. MAAE (max and average attention and excitation) re-weights the k key features. Each key
//     feature is a channel of spatial extent 1 × 1, so its average-pooled and its max-pooled
//     descriptor are both z_i and the squeeze is their sum s = avg + max = 2z. The excitation is
//     g = σ(W₂ · ReLU(W₁ s + b₁) + b₂) with W₁ of shape r × k, W₂ of shape k × r and r ≥ 1 hidden
//     units; the block outputs u = z ⊙ g. The gates g_i ∈ (0, 1) are returned with every
//     prediction. A model without MAAE (an ablation) uses u = z.
//     Why this form: the paper describes a squeeze-and-excitation block whose squeeze sums
//     average- and max-pooled channel descriptors. The authors' code applied it to the two
//     output logits with a bottleneck of 2/16 = 0 units, i.e. a constant gate. Here the block
//     sits on the key features, as the paper says, with at least one hidden unit. A feature
//     vector has no spatial extent, so both poolings return the feature itself and the squeeze
//     is honestly 2z. Alternatives were weighed and rejected: pooling over the mini-batch or
//     the cohort would make a case's gates depend on other patients and could not run on one
//     image in the browser; pooling over groups of features (e.g. all features of one image
//     type) would give gates per group rather than per feature and tie the network to the
//     parameter file's layout; CBAM's separate MLPs for the two descriptors collapse to one
//     MLP on 2z when the descriptors coincide. What the block adds is real: the gates depend
//     on the whole key-feature vector of the case through the bottleneck, so the network can
//     turn features up or down per lesion, and the page can show which ones.
//  4. The classifier: h = ReLU(A₁ u + c₁), logits = A₂ h + c₂, and p = softmax(logits). Dropout
//     is used in training only (inverted dropout), so nothing is rescaled here.
//  5. The decision: for two classes, the positive class when p_positive ≥ Threshold (chosen on
//     training data, by default with Youden's J); for more classes, the most probable class.
//
// # The file
//
// A weights file is a JSON envelope around the model:
//
//	{"format": "uran-weights", "version": 1, "sha256": "<hex>", "body": {...the Model...}}
//
// The checksum is the SHA-256 of the canonical body: the body re-encoded by encoding/json
// (compact, fields in the order of the Go struct, numbers in their shortest round-trip form).
// Whitespace in the file therefore does not matter, but any changed value does. Encode is
// deterministic: the same model gives the same bytes. Decode refuses a file whose format name,
// version, checksum, shapes, numbers (NaN, ±Inf) or class names are wrong, or whose feature list
// differs from the one its extraction parameters produce.
package weights
