package reference

func (s *Server) createCourse(c *call) (any, error)  { return s.unimplemented(c) }
func (s *Server) getCourse(c *call) (any, error)     { return s.unimplemented(c) }
func (s *Server) patchCourse(c *call) (any, error)   { return s.unimplemented(c) }
func (s *Server) deleteCourse(c *call) (any, error)  { return s.unimplemented(c) }
func (s *Server) listCourses(c *call) (any, error)   { return s.unimplemented(c) }
func (s *Server) createAlias(c *call) (any, error)   { return s.unimplemented(c) }
func (s *Server) listAliases(c *call) (any, error)   { return s.unimplemented(c) }
func (s *Server) deleteAlias(c *call) (any, error)   { return s.unimplemented(c) }
func (s *Server) createStudent(c *call) (any, error) { return s.unimplemented(c) }
func (s *Server) getStudent(c *call) (any, error)    { return s.unimplemented(c) }
func (s *Server) listStudents(c *call) (any, error)  { return s.unimplemented(c) }
func (s *Server) deleteStudent(c *call) (any, error) { return s.unimplemented(c) }
func (s *Server) createTeacher(c *call) (any, error) { return s.unimplemented(c) }
func (s *Server) listTeachers(c *call) (any, error)  { return s.unimplemented(c) }
