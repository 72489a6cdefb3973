"""What people see: the dashboard's static files (`static/`), the offline base map and its
build script (`outlines_build`), and readable actor names (`labels`), shared by the
dashboard and the HTML report."""
