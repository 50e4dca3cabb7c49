package reference

func (s *Server) createCourseWork(c *call) (any, error) { return s.unimplemented(c) }
func (s *Server) getCourseWork(c *call) (any, error)    { return s.unimplemented(c) }
func (s *Server) listCourseWork(c *call) (any, error)   { return s.unimplemented(c) }
func (s *Server) patchCourseWork(c *call) (any, error)  { return s.unimplemented(c) }
func (s *Server) deleteCourseWork(c *call) (any, error) { return s.unimplemented(c) }
func (s *Server) modifyAssignees(c *call) (any, error)  { return s.unimplemented(c) }
