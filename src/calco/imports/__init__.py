"""Import modules: the upstream terms CALCO reuses, with their ancestry, extracted from release files.

``upstream`` reads release files (refresh time only), ``extract`` builds the modules, ``rdf``
writes and reads the committed ``ontology/imports/*_import.ttl``, ``check`` compares CALCO's
reused IDs and mappings with a module or release file, and ``refresh`` is ``calco imports refresh``.
"""
