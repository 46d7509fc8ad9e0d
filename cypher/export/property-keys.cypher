// name: export property keys
// The property keys of the graph (of nodes and relationships alike), for `graphmodel
// export`: those the data contract does not name are read as the columns of the user's own
// that `load` keeps as properties.
CALL db.propertyKeys() YIELD propertyKey
RETURN propertyKey AS key
ORDER BY key
