/**
 * Passwords at the top of the well-known published "most common" lists (123456, password,
 * qwerty…), compiled by hand, plus their obvious long variants (keyboard walks, repeats, word +
 * digits, season + year), lower-cased. Most are shorter than the length rule and are
 * refused by it anyway; they are here so the rule and the list each stand on their own, and the
 * long ones (qwertyuiopasdf, password1234…) are exactly what a length rule alone lets through.
 * A plain module on purpose: no download, no file to go missing.
 */
// A word list, ten a line: Prettier would put one a line (400 lines of nothing).
// prettier-ignore
export const COMMON_PASSWORDS: readonly string[] = [
  '123456', 'password', '12345678', 'qwerty', '123456789', '12345', '1234', '111111', '1234567', 'dragon',
  '123123', 'baseball', 'abc123', 'football', 'monkey', 'letmein', '696969', 'shadow', 'master', '666666',
  'qwertyuiop', '123321', 'mustang', '1234567890', 'michael', '654321', 'superman', '1qaz2wsx', '7777777', '121212',
  '000000', 'qazwsx', '123qwe', 'killer', 'trustno1', 'jordan', 'jennifer', 'zxcvbnm', 'asdfgh', 'hunter',
  'buster', 'soccer', 'harley', 'batman', 'andrew', 'tigger', 'sunshine', 'iloveyou', '2000', 'charlie',
  'robert', 'thomas', 'hockey', 'ranger', 'daniel', 'starwars', 'klaster', '112233', 'george', 'computer',
  'michelle', 'jessica', 'pepper', '1111', 'zxcvbn', '555555', '11111111', '131313', 'freedom', '777777',
  'pass', 'maggie', '159753', 'aaaaaa', 'ginger', 'princess', 'joshua', 'cheese', 'amanda', 'summer',
  'love', 'ashley', 'nicole', 'chelsea', 'biteme', 'matthew', 'access', 'yankees', '987654321', 'dallas',
  'austin', 'thunder', 'taylor', 'matrix', 'mobilemail', 'mom', 'monitor', 'monitoring', 'montana', 'moon',
  'moscow', 'welcome', 'welcome1', 'admin', 'admin123', 'administrator', 'root', 'toor', 'changeme', 'passw0rd',
  'p@ssw0rd', 'p@ssword', 'password1', 'password12', 'password123', 'password1234', 'password12345', 'password123456',
  'passwordpassword', 'password!', 'password1!', 'password123!', 'pa55word', 'secret', 'secret123', 'login', 'qwerty1',
  'qwerty12', 'qwerty123', 'qwerty1234', 'qwerty12345', 'qwerty123456', 'qwertyuiop1', 'qwertyuiop123', 'qwertyuiopasdf',
  'qwertyuiopasdfgh', 'qwertyuiopasdfghjkl', 'qwertyuiopasdfghjklzxcvbnm', 'asdfghjkl', 'asdfghjkl;', 'asdfasdf', 'asdfasdfasdf',
  'asdf1234', 'asdfghjkl123', 'zxcvbnm123', 'zxcvbnmasdf', 'qweasdzxc', 'qweasdzxc123', 'qazwsxedc', 'qazwsxedcrfv',
  '1qaz2wsx3edc', '1qaz2wsx3edc4rfv', 'zaq12wsx', 'zaq1zaq1', 'zaq12wsxcde3', '1q2w3e4r', '1q2w3e4r5t', '1q2w3e4r5t6y',
  '1q2w3e4r5t6y7u', '1q2w3e', 'q1w2e3r4', 'q1w2e3r4t5', 'q1w2e3r4t5y6', 'a1b2c3d4', 'a1b2c3d4e5f6', 'abcd1234',
  'abcdefg', 'abcdefgh', 'abcdefghij', 'abcdefghijkl', 'abcdefghijklmnop', 'abcdefghijklmnopqrstuvwxyz', 'abc123456', 'abc12345678',
  '123456789a', '123456789q', '1234567890q', '1234567890a', '123456789012', '1234567890123', '12345678901234', '123456789123',
  '123456123456', '123123123', '123123123123', '12341234', '123412341234', '1234512345', '111111111111', '000000000000',
  '222222222222', '999999999999', '121212121212', '987654321098', '0987654321', '098765432100', '9876543210', '147258369',
  '147258369147', '159357', '159357159357', '147852369', '741852963', '789456123', '789456123789', '963852741',
  '11223344', '112233445566', '1122334455', '102030', '10203040', '1020304050', '102030405060', 'aaaaaaaa',
  'aaaaaaaaaaaa', 'iloveyou1', 'iloveyou12', 'iloveyou123', 'iloveyou1234', 'iloveyouiloveyou', 'loveyou', 'lovelove',
  'ilovegod', 'jesus', 'jesus123', 'jesuschrist', 'godisgood', 'blessed', 'blink182', 'liverpool', 'arsenal',
  'manchester', 'manchesterunited', 'chelseafc', 'barcelona', 'realmadrid', 'football1', 'football123', 'baseball1',
  'basketball', 'basketball1', 'superman1', 'superman123', 'batman123', 'spiderman', 'spiderman1', 'pokemon', 'pokemon123',
  'naruto', 'minecraft', 'minecraft123', 'fortnite', 'roblox', 'starwars1', 'princess1', 'sunshine1', 'sunshine123',
  'letmein1', 'letmein123', 'letmeinplease', 'welcome123', 'welcome1234', 'welcomewelcome', 'hello', 'hello123', 'hello1234',
  'helloworld', 'helloworld123', 'hellohello', 'whatever', 'whatever1', 'nothing', 'trustno1trustno1', 'default',
  'guest', 'test', 'test123', 'test1234', 'testtest', 'testing', 'testing123', 'testpassword', 'demo', 'demodemo',
  'temp', 'temp1234', 'temporary', 'newpassword', 'newpassword1', 'mypassword', 'mypassword1', 'mypassword123',
  'yourpassword', 'thepassword', 'nopassword', 'changeme123', 'changemenow', 'pleasechangeme', 'administrator1', 'adminadmin',
  'adminadmin123', 'rootroot', 'rootpassword', 'internet', 'computer1', 'samsung', 'samsung123', 'google', 'google123',
  'facebook', 'facebook123', 'linkedin', 'twitter', 'yahoo', 'microsoft', 'windows', 'apple', 'apple123', 'iphone',
  'master123', 'masterkey', 'mastermaster', 'dragon123', 'dragondragon', 'shadow123', 'monkey123', 'monkeymonkey',
  'michael1', 'jordan23', 'charlie1', 'charlie123', 'thomas123', 'daniel123', 'jennifer1', 'jessica1', 'ashley1',
  'qwerty123456789', 'qwertyqwerty', 'qwertyqwerty123', 'azerty', 'azerty123', 'azertyuiop', 'qwertz', 'qwertz123',
  'q1w2e3', 'q2w3e4r5', 'zxcvbnm1', '1qazxsw2', 'xsw21qaz', '!qaz2wsx', '!qaz@wsx', '1qaz!qaz', 'pass1234',
  'pass12345', 'pass123456', 'passpass', 'passpasspass', 'passw0rd1', 'passw0rd123', 'p@ssw0rd1', 'p@ssw0rd123',
  'p@$$w0rd', 'p4ssw0rd', 'p4ssword', 'passwort', 'motdepasse', 'contrasena', 'contraseña', 'senha', 'senha123',
  'parola', 'haslo', 'wachtwoord', 'salasana', 'lozinka', 'keel', 'keelkeel', 'keelpassword', 'correcthorse',
  'opensesame', 'letmein!', 'summer2024', 'winter2024', 'spring2024', 'autumn2024', 'summer2025', 'winter2025',
  'spring2025', 'autumn2025', 'summer2026', 'winter2026', 'spring2026', 'autumn2026', 'password2024', 'password2025',
  'password2026', 'welcome2024', 'welcome2025', 'welcome2026', 'january2026', 'december2026', 'monday123', 'friday123',
]
