"""The catalogue's texts moved out of the code, one module per package of the project (``MESSAGES``: key ->
(Russian, English)); ``present.messages`` merges them with its own keys and the label tables."""
