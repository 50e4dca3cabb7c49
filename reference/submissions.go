package reference

func (s *Server) getSubmission(c *call) (any, error)    { return s.unimplemented(c) }
func (s *Server) listSubmissions(c *call) (any, error)  { return s.unimplemented(c) }
func (s *Server) patchSubmission(c *call) (any, error)  { return s.unimplemented(c) }
func (s *Server) turnIn(c *call) (any, error)           { return s.unimplemented(c) }
func (s *Server) reclaim(c *call) (any, error)          { return s.unimplemented(c) }
func (s *Server) returnSubmission(c *call) (any, error) { return s.unimplemented(c) }
