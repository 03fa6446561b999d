"""One module per resource; each exports ``ROUTERS``: its pages and its ``/api/v1`` routes."""
