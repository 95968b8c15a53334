"""A listing's values, the checks they must pass, and the one writer every path saves listings through."""
