create table users(id int, extra text);
