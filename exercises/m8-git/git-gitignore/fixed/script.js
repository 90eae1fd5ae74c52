console.log("Bonjour");
