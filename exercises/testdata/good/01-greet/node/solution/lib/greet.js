exports.greet = (greeting, name) => greeting + ', ' + name + '!';
