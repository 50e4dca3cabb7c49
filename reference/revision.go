package reference

// DiscoveryRevision returns the revision of Google's discovery document the reference follows
// ("20261028"), so that a report can say which description of the API it was judged against.
// It is "" only if the embedded document cannot be read, which the reference's tests rule out.
func DiscoveryRevision() string {
	d, err := loadDiscovery()
	if err != nil {
		return ""
	}
	return d.Revision
}
