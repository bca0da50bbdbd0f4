"""依申请公开: applications for disclosure of government information, on statutory clocks."""
