"""The public site and the advocates' portal: views, forms, URLs and middleware."""
